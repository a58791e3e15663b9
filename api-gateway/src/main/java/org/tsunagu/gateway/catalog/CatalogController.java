package org.tsunagu.gateway.catalog;

import java.time.Duration;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.tsunagu.api.gateway.CatalogApi;
import org.tsunagu.api.gateway.model.Catalog;

/** {@code GET /v1/categories}: the public catalog, no token needed. */
@RestController
public class CatalogController implements CatalogApi {

    private final CategoryCatalog catalog;

    public CatalogController(CategoryCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public ResponseEntity<Catalog> listCategories() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
                .body(catalog.catalog());
    }
}
